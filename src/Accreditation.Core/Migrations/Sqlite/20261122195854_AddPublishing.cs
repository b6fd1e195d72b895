using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Accreditation.Core.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddPublishing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PracticeUpdates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Slug = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    Topics = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    KssStatements = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Audience = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AudienceRoles = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    AudienceOrganisations = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Important = table.Column<bool>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ScheduledFor = table.Column<long>(type: "INTEGER", nullable: true),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastEditedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    SubmittedBy = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CurrentVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PracticeUpdates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UpdateSubscriptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Topic = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Frequency = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastDigestAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UpdateSubscriptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PracticeUpdateEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PracticeUpdateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    By = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PracticeUpdateEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PracticeUpdateEvents_PracticeUpdates_PracticeUpdateId",
                        column: x => x.PracticeUpdateId,
                        principalTable: "PracticeUpdates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PracticeUpdateVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    PracticeUpdateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    Body = table.Column<string>(type: "TEXT", maxLength: 50000, nullable: false),
                    SavedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SavedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PracticeUpdateVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PracticeUpdateVersions_PracticeUpdates_PracticeUpdateId",
                        column: x => x.PracticeUpdateId,
                        principalTable: "PracticeUpdates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SentUpdates",
                columns: table => new
                {
                    SubscriptionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    PracticeUpdateId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SentAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SentUpdates", x => new { x.SubscriptionId, x.PracticeUpdateId });
                    table.ForeignKey(
                        name: "FK_SentUpdates_PracticeUpdates_PracticeUpdateId",
                        column: x => x.PracticeUpdateId,
                        principalTable: "PracticeUpdates",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SentUpdates_UpdateSubscriptions_SubscriptionId",
                        column: x => x.SubscriptionId,
                        principalTable: "UpdateSubscriptions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_PracticeUpdateEvents_PracticeUpdateId",
                table: "PracticeUpdateEvents",
                column: "PracticeUpdateId");

            migrationBuilder.CreateIndex(
                name: "IX_PracticeUpdates_Kind_Slug",
                table: "PracticeUpdates",
                columns: new[] { "Kind", "Slug" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PracticeUpdates_Status_ScheduledFor",
                table: "PracticeUpdates",
                columns: new[] { "Status", "ScheduledFor" });

            migrationBuilder.CreateIndex(
                name: "IX_PracticeUpdateVersions_PracticeUpdateId_Number",
                table: "PracticeUpdateVersions",
                columns: new[] { "PracticeUpdateId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SentUpdates_PracticeUpdateId",
                table: "SentUpdates",
                column: "PracticeUpdateId");

            migrationBuilder.CreateIndex(
                name: "IX_UpdateSubscriptions_UserId_Topic",
                table: "UpdateSubscriptions",
                columns: new[] { "UserId", "Topic" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PracticeUpdateEvents");

            migrationBuilder.DropTable(
                name: "PracticeUpdateVersions");

            migrationBuilder.DropTable(
                name: "SentUpdates");

            migrationBuilder.DropTable(
                name: "PracticeUpdates");

            migrationBuilder.DropTable(
                name: "UpdateSubscriptions");
        }
    }
}

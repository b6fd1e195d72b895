using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Accreditation.Core.Migrations.PostgreSql
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Slug = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: false),
                    Body = table.Column<string>(type: "character varying(50000)", maxLength: 50000, nullable: false),
                    Topics = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    KssStatements = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Audience = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AudienceRoles = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    AudienceOrganisations = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Important = table.Column<bool>(type: "boolean", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ScheduledFor = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastEditedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    SubmittedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    CurrentVersion = table.Column<int>(type: "integer", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PracticeUpdates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "UpdateSubscriptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Topic = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Frequency = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastDigestAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UpdateSubscriptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PracticeUpdateEvents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PracticeUpdateId = table.Column<Guid>(type: "uuid", nullable: false),
                    From = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    To = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    By = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PracticeUpdateId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "character varying(600)", maxLength: 600, nullable: false),
                    Body = table.Column<string>(type: "character varying(50000)", maxLength: 50000, nullable: false),
                    SavedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SavedBy = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false)
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
                    SubscriptionId = table.Column<Guid>(type: "uuid", nullable: false),
                    PracticeUpdateId = table.Column<Guid>(type: "uuid", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
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

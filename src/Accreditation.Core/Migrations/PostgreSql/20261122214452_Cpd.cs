using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Accreditation.Core.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class Cpd : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CpdPreferences",
                columns: table => new
                {
                    PersonId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    RemindersOff = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CpdPreferences", x => x.PersonId);
                });

            migrationBuilder.CreateTable(
                name: "CpdRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OwnerId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    IsDraft = table.Column<bool>(type: "boolean", nullable: false),
                    ActivityType = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Date = table.Column<DateOnly>(type: "date", nullable: false),
                    Minutes = table.Column<int>(type: "integer", nullable: false),
                    Description = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Learning = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Impact = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    Link = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    SourceKind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    SourceId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    PeerName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PeerRole = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    PeerDate = table.Column<DateOnly>(type: "date", nullable: true),
                    PeerLearning = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CpdRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CpdRemindersSent",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    PersonId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Year = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CpdRemindersSent", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CpdAttachments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    FileName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Length = table.Column<long>(type: "bigint", nullable: false),
                    StoredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CpdAttachments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CpdAttachments_CpdRecords_RecordId",
                        column: x => x.RecordId,
                        principalTable: "CpdRecords",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "CpdStatementLinks",
                columns: table => new
                {
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    StatementId = table.Column<Guid>(type: "uuid", nullable: false),
                    Label = table.Column<string>(type: "character varying(220)", maxLength: 220, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CpdStatementLinks", x => new { x.RecordId, x.StatementId });
                    table.ForeignKey(
                        name: "FK_CpdStatementLinks_CpdRecords_RecordId",
                        column: x => x.RecordId,
                        principalTable: "CpdRecords",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CpdAttachments_RecordId",
                table: "CpdAttachments",
                column: "RecordId");

            migrationBuilder.CreateIndex(
                name: "IX_CpdRecords_OwnerId_Date",
                table: "CpdRecords",
                columns: new[] { "OwnerId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_CpdRemindersSent_PersonId_Kind_Year",
                table: "CpdRemindersSent",
                columns: new[] { "PersonId", "Kind", "Year" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CpdAttachments");

            migrationBuilder.DropTable(
                name: "CpdPreferences");

            migrationBuilder.DropTable(
                name: "CpdRemindersSent");

            migrationBuilder.DropTable(
                name: "CpdStatementLinks");

            migrationBuilder.DropTable(
                name: "CpdRecords");
        }
    }
}

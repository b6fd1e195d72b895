using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Accreditation.Core.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class KnowledgeAssessment : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AssessmentAdjustments",
                columns: table => new
                {
                    EnrolmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ExtraTimePercent = table.Column<int>(type: "integer", nullable: false),
                    RestBreakMinutes = table.Column<int>(type: "integer", nullable: false),
                    SetById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    SetAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessmentAdjustments", x => x.EnrolmentId);
                });

            migrationBuilder.CreateTable(
                name: "AssessmentBlueprints",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Rules = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    TimeLimitMinutes = table.Column<int>(type: "integer", nullable: false),
                    PassMarkPercent = table.Column<int>(type: "integer", nullable: false),
                    ShuffleItems = table.Column<bool>(type: "boolean", nullable: false),
                    ShuffleOptions = table.Column<bool>(type: "boolean", nullable: false),
                    MaxAttempts = table.Column<int>(type: "integer", nullable: false),
                    ResitAfterDays = table.Column<int>(type: "integer", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessmentBlueprints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AssessmentItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Group = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Statements = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ScenarioKey = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ScenarioText = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    Stem = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    Options = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    Correct = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    PartialCredit = table.Column<bool>(type: "boolean", nullable: false),
                    Rationale = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    EditedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    ReviewedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessmentItems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AssessmentSittings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EnrolmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "uuid", nullable: false),
                    CandidateId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Attempt = table.Column<int>(type: "integer", nullable: false),
                    Seed = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Deadline = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SubmittedByTimeLimit = table.Column<bool>(type: "boolean", nullable: false),
                    Score = table.Column<double>(type: "double precision", nullable: false),
                    MaxScore = table.Column<int>(type: "integer", nullable: false),
                    Passed = table.Column<bool>(type: "boolean", nullable: false),
                    GroupFeedback = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ReleasedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessmentSittings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AssessmentSittingItems",
                columns: table => new
                {
                    SittingId = table.Column<Guid>(type: "uuid", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    OptionOrder = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Answer = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ChangedAt = table.Column<long>(type: "bigint", nullable: false),
                    ShownAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Mark = table.Column<double>(type: "double precision", nullable: true),
                    Locked = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessmentSittingItems", x => new { x.SittingId, x.Position });
                    table.ForeignKey(
                        name: "FK_AssessmentSittingItems_AssessmentItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "AssessmentItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_AssessmentSittingItems_AssessmentSittings_SittingId",
                        column: x => x.SittingId,
                        principalTable: "AssessmentSittings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentBlueprints_ProgrammeId",
                table: "AssessmentBlueprints",
                column: "ProgrammeId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentItems_Key_Number",
                table: "AssessmentItems",
                columns: new[] { "Key", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentItems_Status",
                table: "AssessmentItems",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentSittingItems_ItemId",
                table: "AssessmentSittingItems",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentSittings_EnrolmentId_Attempt",
                table: "AssessmentSittings",
                columns: new[] { "EnrolmentId", "Attempt" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentSittings_OneActive",
                table: "AssessmentSittings",
                column: "CandidateId",
                unique: true,
                filter: "\"Status\" = 'Active'");

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentSittings_ProgrammeId",
                table: "AssessmentSittings",
                column: "ProgrammeId");

            migrationBuilder.CreateIndex(
                name: "IX_AssessmentSittings_Status_Deadline",
                table: "AssessmentSittings",
                columns: new[] { "Status", "Deadline" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AssessmentAdjustments");

            migrationBuilder.DropTable(
                name: "AssessmentBlueprints");

            migrationBuilder.DropTable(
                name: "AssessmentSittingItems");

            migrationBuilder.DropTable(
                name: "AssessmentItems");

            migrationBuilder.DropTable(
                name: "AssessmentSittings");
        }
    }
}

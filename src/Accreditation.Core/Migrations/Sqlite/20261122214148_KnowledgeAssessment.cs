using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Accreditation.Core.Migrations.Sqlite
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
                    EnrolmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ExtraTimePercent = table.Column<int>(type: "INTEGER", nullable: false),
                    RestBreakMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    SetById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    SetAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessmentAdjustments", x => x.EnrolmentId);
                });

            migrationBuilder.CreateTable(
                name: "AssessmentBlueprints",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Rules = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    TimeLimitMinutes = table.Column<int>(type: "INTEGER", nullable: false),
                    PassMarkPercent = table.Column<int>(type: "INTEGER", nullable: false),
                    ShuffleItems = table.Column<bool>(type: "INTEGER", nullable: false),
                    ShuffleOptions = table.Column<bool>(type: "INTEGER", nullable: false),
                    MaxAttempts = table.Column<int>(type: "INTEGER", nullable: false),
                    ResitAfterDays = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessmentBlueprints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AssessmentItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Group = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Statements = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ScenarioKey = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ScenarioText = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    Stem = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Options = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Correct = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    PartialCredit = table.Column<bool>(type: "INTEGER", nullable: false),
                    Rationale = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    EditedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ReviewedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessmentItems", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AssessmentSittings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnrolmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CandidateId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Attempt = table.Column<int>(type: "INTEGER", nullable: false),
                    Seed = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Deadline = table.Column<long>(type: "INTEGER", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SubmittedByTimeLimit = table.Column<bool>(type: "INTEGER", nullable: false),
                    Score = table.Column<double>(type: "REAL", nullable: false),
                    MaxScore = table.Column<int>(type: "INTEGER", nullable: false),
                    Passed = table.Column<bool>(type: "INTEGER", nullable: false),
                    GroupFeedback = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    ReleasedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessmentSittings", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AssessmentSittingItems",
                columns: table => new
                {
                    SittingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    OptionOrder = table.Column<string>(type: "TEXT", maxLength: 50, nullable: false),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ShownAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Mark = table.Column<double>(type: "REAL", nullable: true),
                    Locked = table.Column<bool>(type: "INTEGER", nullable: false)
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

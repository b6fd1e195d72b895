using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Accreditation.Core.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Marking : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "AssessorConflicts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    PersonEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    DeclaredAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessorConflicts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AssessorProfiles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Capacity = table.Column<int>(type: "INTEGER", nullable: false),
                    Available = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessorProfiles", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "Awards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    HolderId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    HolderName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FrameworkKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FrameworkVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    AwardedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    RenewalRequiresCpd = table.Column<bool>(type: "INTEGER", nullable: false),
                    VerificationCode = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    StatusListIndex = table.Column<int>(type: "INTEGER", nullable: false),
                    RevokedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    RevocationReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    Version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Awards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CredentialSigningKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    KeyId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ProtectedKey = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CredentialSigningKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DecisionRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    MinimumLevel = table.Column<int>(type: "INTEGER", nullable: false),
                    StatementsAllowedBelow = table.Column<int>(type: "INTEGER", nullable: false),
                    SamplePercent = table.Column<int>(type: "INTEGER", nullable: false),
                    Tolerance = table.Column<int>(type: "INTEGER", nullable: false),
                    AppealDays = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DecisionRules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MarkingCases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    SubmissionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EnrolmentId = table.Column<Guid>(type: "TEXT", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FrameworkVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CandidateOrganisationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    CandidateNumber = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SecondMarkingReason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    SampleOrdinal = table.Column<int>(type: "INTEGER", nullable: true),
                    DecisionRuleNumber = table.Column<int>(type: "INTEGER", nullable: true),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ModerationRationale = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: true),
                    ReleasedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReleasedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    Version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MarkingCases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Rubrics",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    FrameworkVersionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    FrameworkKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    FrameworkVersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    LevelsJson = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Rubrics", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Appeals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Grounds = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ReviewMarkingId = table.Column<Guid>(type: "TEXT", nullable: true),
                    OriginalDecision = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    OutcomeDecision = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ReleasedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Appeals", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Appeals_MarkingCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "MarkingCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Markings",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AssessorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    AllocatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SubmittedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    SavedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OverallComment = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    Version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Markings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Markings_MarkingCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "MarkingCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StatementRubrics",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    RubricId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StatementNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    DescriptorsJson = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    MarkerGuidance = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatementRubrics", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatementRubrics_Rubrics_RubricId",
                        column: x => x.RubricId,
                        principalTable: "Rubrics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StatementMarks",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    MarkingId = table.Column<Guid>(type: "TEXT", nullable: false),
                    StatementNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Level = table.Column<int>(type: "INTEGER", nullable: true),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StatementMarks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StatementMarks_Markings_MarkingId",
                        column: x => x.MarkingId,
                        principalTable: "Markings",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Appeals_CaseId",
                table: "Appeals",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_AssessorConflicts_UserId",
                table: "AssessorConflicts",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_Awards_CaseId",
                table: "Awards",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Awards_HolderId",
                table: "Awards",
                column: "HolderId");

            migrationBuilder.CreateIndex(
                name: "IX_Awards_StatusListIndex",
                table: "Awards",
                column: "StatusListIndex",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Awards_VerificationCode",
                table: "Awards",
                column: "VerificationCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DecisionRules_ProgrammeId_Number",
                table: "DecisionRules",
                columns: new[] { "ProgrammeId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MarkingCases_CandidateNumber",
                table: "MarkingCases",
                column: "CandidateNumber",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MarkingCases_EnrolmentId",
                table: "MarkingCases",
                column: "EnrolmentId");

            migrationBuilder.CreateIndex(
                name: "IX_MarkingCases_SampleOrdinal",
                table: "MarkingCases",
                column: "SampleOrdinal",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MarkingCases_Status",
                table: "MarkingCases",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_MarkingCases_SubmissionId",
                table: "MarkingCases",
                column: "SubmissionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Markings_AssessorId",
                table: "Markings",
                column: "AssessorId");

            migrationBuilder.CreateIndex(
                name: "IX_Markings_CaseId",
                table: "Markings",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_Rubrics_FrameworkVersionId",
                table: "Rubrics",
                column: "FrameworkVersionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StatementMarks_MarkingId_StatementNumber",
                table: "StatementMarks",
                columns: new[] { "MarkingId", "StatementNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StatementRubrics_RubricId_StatementNumber",
                table: "StatementRubrics",
                columns: new[] { "RubricId", "StatementNumber" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Appeals");

            migrationBuilder.DropTable(
                name: "AssessorConflicts");

            migrationBuilder.DropTable(
                name: "AssessorProfiles");

            migrationBuilder.DropTable(
                name: "Awards");

            migrationBuilder.DropTable(
                name: "CredentialSigningKeys");

            migrationBuilder.DropTable(
                name: "DecisionRules");

            migrationBuilder.DropTable(
                name: "StatementMarks");

            migrationBuilder.DropTable(
                name: "StatementRubrics");

            migrationBuilder.DropTable(
                name: "Markings");

            migrationBuilder.DropTable(
                name: "Rubrics");

            migrationBuilder.DropTable(
                name: "MarkingCases");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Accreditation.Core.Migrations.PostgreSql
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    OrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    PersonEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    DeclaredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessorConflicts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "AssessorProfiles",
                columns: table => new
                {
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Capacity = table.Column<int>(type: "integer", nullable: false),
                    Available = table.Column<bool>(type: "boolean", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AssessorProfiles", x => x.UserId);
                });

            migrationBuilder.CreateTable(
                name: "Awards",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    HolderId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    HolderName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgrammeName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    FrameworkKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FrameworkVersion = table.Column<int>(type: "integer", nullable: false),
                    AwardedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    ValidUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    RenewalRequiresCpd = table.Column<bool>(type: "boolean", nullable: false),
                    VerificationCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    StatusListIndex = table.Column<int>(type: "integer", nullable: false),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevocationReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Awards", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "CredentialSigningKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    KeyId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    ProtectedKey = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CredentialSigningKeys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "DecisionRules",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    MinimumLevel = table.Column<int>(type: "integer", nullable: false),
                    StatementsAllowedBelow = table.Column<int>(type: "integer", nullable: false),
                    SamplePercent = table.Column<int>(type: "integer", nullable: false),
                    Tolerance = table.Column<int>(type: "integer", nullable: false),
                    AppealDays = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DecisionRules", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MarkingCases",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SubmissionId = table.Column<Guid>(type: "uuid", nullable: false),
                    EnrolmentId = table.Column<Guid>(type: "uuid", nullable: false),
                    ProgrammeId = table.Column<Guid>(type: "uuid", nullable: false),
                    FrameworkVersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    CandidateOrganisationId = table.Column<Guid>(type: "uuid", nullable: true),
                    CandidateNumber = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SecondMarkingReason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    SampleOrdinal = table.Column<int>(type: "integer", nullable: true),
                    DecisionRuleNumber = table.Column<int>(type: "integer", nullable: true),
                    Decision = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ModerationRationale = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    ReleasedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReleasedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MarkingCases", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Rubrics",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    FrameworkVersionId = table.Column<Guid>(type: "uuid", nullable: false),
                    FrameworkKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    FrameworkVersionNumber = table.Column<int>(type: "integer", nullable: false),
                    LevelsJson = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Rubrics", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Appeals",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Grounds = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    ReviewMarkingId = table.Column<Guid>(type: "uuid", nullable: true),
                    OriginalDecision = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OutcomeDecision = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    ReleasedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AssessorId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    AllocatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    SubmittedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SavedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    OverallComment = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    RubricId = table.Column<Guid>(type: "uuid", nullable: false),
                    StatementNumber = table.Column<int>(type: "integer", nullable: false),
                    DescriptorsJson = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false),
                    MarkerGuidance = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false)
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    MarkingId = table.Column<Guid>(type: "uuid", nullable: false),
                    StatementNumber = table.Column<int>(type: "integer", nullable: false),
                    Level = table.Column<int>(type: "integer", nullable: true),
                    Comment = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: false)
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

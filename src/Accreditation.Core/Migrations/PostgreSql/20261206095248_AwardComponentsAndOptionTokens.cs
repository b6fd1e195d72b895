using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Accreditation.Core.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class AwardComponentsAndOptionTokens : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ModerationBlocked",
                table: "MarkingCases",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PortfolioDecision",
                table: "MarkingCases",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RequiredComponents",
                table: "DecisionRules",
                type: "character varying(500)",
                maxLength: 500,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "FrameworkName",
                table: "Awards",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "OptionTokens",
                table: "AssessmentSittingItems",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DecisionComponents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Key = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Met = table.Column<bool>(type: "boolean", nullable: false),
                    Summary = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    NextStep = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    NextStepFrom = table.Column<DateOnly>(type: "date", nullable: true),
                    Reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DecisionComponents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DecisionComponents_MarkingCases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "MarkingCases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DecisionComponents_CaseId_Key",
                table: "DecisionComponents",
                columns: new[] { "CaseId", "Key" },
                unique: true);

            // Decisions made before components existed were made on the portfolio alone (their rules' versions require
            // nothing else): the portfolio's outcome is their decision. A case not released yet is decided at release,
            // over every component its rule requires.
            migrationBuilder.Sql("UPDATE \"MarkingCases\" SET \"PortfolioDecision\" = \"Decision\";");
            migrationBuilder.Sql("UPDATE \"MarkingCases\" SET \"Decision\" = NULL WHERE \"Status\" <> 'Released';");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DecisionComponents");

            migrationBuilder.DropColumn(
                name: "ModerationBlocked",
                table: "MarkingCases");

            migrationBuilder.DropColumn(
                name: "PortfolioDecision",
                table: "MarkingCases");

            migrationBuilder.DropColumn(
                name: "RequiredComponents",
                table: "DecisionRules");

            migrationBuilder.DropColumn(
                name: "FrameworkName",
                table: "Awards");

            migrationBuilder.DropColumn(
                name: "OptionTokens",
                table: "AssessmentSittingItems");
        }
    }
}

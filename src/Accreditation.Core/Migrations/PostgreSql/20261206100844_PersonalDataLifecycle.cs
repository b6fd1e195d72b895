using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Accreditation.Core.Migrations.PostgreSql
{
    /// <summary>
    /// Personal data lifecycle: privacy requests, retention runs, the audit trail's maintenance window (the trigger
    /// function now lets a transaction holding one change entries), removed evidence files and secret-bearing outbox messages.
    /// </summary>
    public partial class PersonalDataLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RemovedAt",
                table: "PortfolioFiles",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "HoldsSecret",
                table: "EmailOutbox",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "AuditMaintenanceWindows",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Reason = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    OpenedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditMaintenanceWindows", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PrivacyRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    SubjectId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    RequestedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "date", nullable: false),
                    Pseudonym = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    PlanJson = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: true),
                    OutcomeJson = table.Column<string>(type: "character varying(100000)", maxLength: 100000, nullable: true),
                    Error = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CompletedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DownloadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Length = table.Column<long>(type: "bigint", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LeaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrivacyRequests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RetentionRuns",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    LastRunAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastRemoved = table.Column<int>(type: "integer", nullable: false),
                    LastCutoff = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TotalRemoved = table.Column<long>(type: "bigint", nullable: false),
                    LastError = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    LeaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetentionRuns", x => x.Kind);
                });

            // The audit trail stays append-only, except inside a transaction that holds a maintenance window (erasure
            // pseudonymises an erased person's entries; retention removes entries past their period). Another
            // transaction cannot see an uncommitted window, so it is still refused; TRUNCATE always is.
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION "AuditEntries_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP IN ('UPDATE', 'DELETE') AND EXISTS (SELECT 1 FROM "AuditMaintenanceWindows") THEN
                        IF TG_OP = 'DELETE' THEN
                            RETURN OLD;
                        END IF;
                        RETURN NEW;
                    END IF;
                    RAISE EXCEPTION 'The audit trail is append-only: entries cannot be changed or deleted.';
                END;
                $$;
                """);

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyRequests_RequestedById",
                table: "PrivacyRequests",
                column: "RequestedById");

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyRequests_State_NextAttemptAt",
                table: "PrivacyRequests",
                columns: new[] { "State", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_PrivacyRequests_SubjectId",
                table: "PrivacyRequests",
                column: "SubjectId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION "AuditEntries_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'The audit trail is append-only: entries cannot be changed or deleted.';
                END;
                $$;
                """);

            migrationBuilder.DropTable(
                name: "AuditMaintenanceWindows");

            migrationBuilder.DropTable(
                name: "PrivacyRequests");

            migrationBuilder.DropTable(
                name: "RetentionRuns");

            migrationBuilder.DropColumn(
                name: "RemovedAt",
                table: "PortfolioFiles");

            migrationBuilder.DropColumn(
                name: "HoldsSecret",
                table: "EmailOutbox");
        }
    }
}

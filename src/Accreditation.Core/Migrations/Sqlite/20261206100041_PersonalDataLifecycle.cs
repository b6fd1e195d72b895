using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Accreditation.Core.Migrations.Sqlite
{
    /// <summary>
    /// Personal data lifecycle: privacy requests, retention runs, the audit trail's maintenance window (the triggers now
    /// let a transaction holding one change entries), removed evidence files and secret-bearing outbox messages.
    /// </summary>
    public partial class PersonalDataLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "RemovedAt",
                table: "PortfolioFiles",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "HoldsSecret",
                table: "EmailOutbox",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "AuditMaintenanceWindows",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    OpenedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuditMaintenanceWindows", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "PrivacyRequests",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SubjectId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    RequestedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    ReceivedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DueOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Pseudonym = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    PlanJson = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: true),
                    OutcomeJson = table.Column<string>(type: "TEXT", maxLength: 100000, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    CompletedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DownloadedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Length = table.Column<long>(type: "INTEGER", nullable: true),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LeaseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrivacyRequests", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "RetentionRuns",
                columns: table => new
                {
                    Kind = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    LastRunAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastRemoved = table.Column<int>(type: "INTEGER", nullable: false),
                    LastCutoff = table.Column<long>(type: "INTEGER", nullable: true),
                    TotalRemoved = table.Column<long>(type: "INTEGER", nullable: false),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    LeaseId = table.Column<Guid>(type: "TEXT", nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RetentionRuns", x => x.Kind);
                });

            // The audit trail stays append-only, except inside a transaction that holds a maintenance window (erasure
            // pseudonymises an erased person's entries; retention removes entries past their period).
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEntries_no_update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEntries_no_delete";""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEntries_no_update" BEFORE UPDATE ON "AuditEntries"
                WHEN NOT EXISTS (SELECT 1 FROM "AuditMaintenanceWindows")
                BEGIN
                    SELECT RAISE(ABORT, 'The audit trail is append-only: entries cannot be changed or deleted.');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEntries_no_delete" BEFORE DELETE ON "AuditEntries"
                WHEN NOT EXISTS (SELECT 1 FROM "AuditMaintenanceWindows")
                BEGIN
                    SELECT RAISE(ABORT, 'The audit trail is append-only: entries cannot be changed or deleted.');
                END;
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
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEntries_no_update";""");
            migrationBuilder.Sql("""DROP TRIGGER IF EXISTS "AuditEntries_no_delete";""");
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEntries_no_update" BEFORE UPDATE ON "AuditEntries"
                BEGIN
                    SELECT RAISE(ABORT, 'The audit trail is append-only: entries cannot be changed or deleted.');
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "AuditEntries_no_delete" BEFORE DELETE ON "AuditEntries"
                BEGIN
                    SELECT RAISE(ABORT, 'The audit trail is append-only: entries cannot be changed or deleted.');
                END;
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

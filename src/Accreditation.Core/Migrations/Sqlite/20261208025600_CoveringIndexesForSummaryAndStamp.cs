using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Accreditation.Core.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CoveringIndexesForSummaryAndStamp : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_CpdRecords_OwnerId_Date",
                table: "CpdRecords");

            migrationBuilder.CreateIndex(
                name: "IX_Markings_Status_SubmittedAt",
                table: "Markings",
                columns: new[] { "Status", "SubmittedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_CpdRecords_OwnerId_Date_IsDraft_Minutes",
                table: "CpdRecords",
                columns: new[] { "OwnerId", "Date", "IsDraft", "Minutes" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Markings_Status_SubmittedAt",
                table: "Markings");

            migrationBuilder.DropIndex(
                name: "IX_CpdRecords_OwnerId_Date_IsDraft_Minutes",
                table: "CpdRecords");

            migrationBuilder.CreateIndex(
                name: "IX_CpdRecords_OwnerId_Date",
                table: "CpdRecords",
                columns: new[] { "OwnerId", "Date" });
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Accreditation.Core.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class EndorsementByVerifiedEndorsers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "EndorsedContent",
                table: "Endorsements",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndorsedContentHash",
                table: "Endorsements",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EndorserId",
                table: "Endorsements",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Endorsements_EndorserId_Status",
                table: "Endorsements",
                columns: new[] { "EndorserId", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Endorsements_EndorserId_Status",
                table: "Endorsements");

            migrationBuilder.DropColumn(
                name: "EndorsedContent",
                table: "Endorsements");

            migrationBuilder.DropColumn(
                name: "EndorsedContentHash",
                table: "Endorsements");

            migrationBuilder.DropColumn(
                name: "EndorserId",
                table: "Endorsements");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Accreditation.Core.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class CpdDuplicateSketches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SketchShingles",
                table: "CpdRecords",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CpdSketchBands",
                columns: table => new
                {
                    RecordId = table.Column<Guid>(type: "uuid", nullable: false),
                    Band = table.Column<short>(type: "smallint", nullable: false),
                    Value = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CpdSketchBands", x => new { x.RecordId, x.Band });
                    table.ForeignKey(
                        name: "FK_CpdSketchBands_CpdRecords_RecordId",
                        column: x => x.RecordId,
                        principalTable: "CpdRecords",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CpdRecords_Unsketched",
                table: "CpdRecords",
                column: "OwnerId",
                filter: "\"SketchShingles\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CpdSketchBands_Value",
                table: "CpdSketchBands",
                column: "Value");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CpdSketchBands");

            migrationBuilder.DropIndex(
                name: "IX_CpdRecords_Unsketched",
                table: "CpdRecords");

            migrationBuilder.DropColumn(
                name: "SketchShingles",
                table: "CpdRecords");
        }
    }
}

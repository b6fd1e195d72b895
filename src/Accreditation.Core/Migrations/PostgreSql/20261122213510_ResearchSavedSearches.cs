using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Accreditation.Core.Migrations.PostgreSql
{
    /// <inheritdoc />
    public partial class ResearchSavedSearches : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ResearchSavedSearches",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    UserId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Query = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    WeeklyAlert = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AlertsFrom = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastAlertAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResearchSavedSearches", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ResearchSavedSearchAlertItems",
                columns: table => new
                {
                    SavedSearchId = table.Column<Guid>(type: "uuid", nullable: false),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResearchSavedSearchAlertItems", x => new { x.SavedSearchId, x.ItemId });
                    table.ForeignKey(
                        name: "FK_ResearchSavedSearchAlertItems_ResearchItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "ResearchItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ResearchSavedSearchAlertItems_ResearchSavedSearches_SavedSe~",
                        column: x => x.SavedSearchId,
                        principalTable: "ResearchSavedSearches",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ResearchSavedSearchAlertItems_ItemId",
                table: "ResearchSavedSearchAlertItems",
                column: "ItemId");

            migrationBuilder.CreateIndex(
                name: "IX_ResearchSavedSearches_UserId",
                table: "ResearchSavedSearches",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_ResearchSavedSearches_WeeklyAlert",
                table: "ResearchSavedSearches",
                column: "WeeklyAlert");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ResearchSavedSearchAlertItems");

            migrationBuilder.DropTable(
                name: "ResearchSavedSearches");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Accreditation.Core.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddResearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ResearchEvidenceLevels",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    Rank = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResearchEvidenceLevels", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ResearchGlossary",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Terms = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResearchGlossary", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ResearchIndexTasks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResearchIndexTasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ResearchTopics",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResearchTopics", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ResearchItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Authors = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Abstract = table.Column<string>(type: "TEXT", maxLength: 20000, nullable: false),
                    FullText = table.Column<string>(type: "TEXT", nullable: false),
                    KssStatements = table.Column<string>(type: "TEXT", nullable: false),
                    EvidenceLevelId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Access = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Link = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Doi = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    MatchKey = table.Column<string>(type: "TEXT", maxLength: 520, nullable: false),
                    IsPublished = table.Column<bool>(type: "INTEGER", nullable: false),
                    PublishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Version = table.Column<uint>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResearchItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ResearchItems_ResearchEvidenceLevels_EvidenceLevelId",
                        column: x => x.EvidenceLevelId,
                        principalTable: "ResearchEvidenceLevels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "ResearchItemTopics",
                columns: table => new
                {
                    ItemId = table.Column<Guid>(type: "TEXT", nullable: false),
                    TopicId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResearchItemTopics", x => new { x.ItemId, x.TopicId });
                    table.ForeignKey(
                        name: "FK_ResearchItemTopics_ResearchItems_ItemId",
                        column: x => x.ItemId,
                        principalTable: "ResearchItems",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ResearchItemTopics_ResearchTopics_TopicId",
                        column: x => x.TopicId,
                        principalTable: "ResearchTopics",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ResearchEvidenceLevels_Name",
                table: "ResearchEvidenceLevels",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ResearchIndexTasks_CreatedAt",
                table: "ResearchIndexTasks",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ResearchItems_Doi",
                table: "ResearchItems",
                column: "Doi");

            migrationBuilder.CreateIndex(
                name: "IX_ResearchItems_EvidenceLevelId",
                table: "ResearchItems",
                column: "EvidenceLevelId");

            migrationBuilder.CreateIndex(
                name: "IX_ResearchItems_MatchKey",
                table: "ResearchItems",
                column: "MatchKey");

            migrationBuilder.CreateIndex(
                name: "IX_ResearchItemTopics_TopicId",
                table: "ResearchItemTopics",
                column: "TopicId");

            migrationBuilder.CreateIndex(
                name: "IX_ResearchTopics_Name",
                table: "ResearchTopics",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ResearchGlossary");

            migrationBuilder.DropTable(
                name: "ResearchIndexTasks");

            migrationBuilder.DropTable(
                name: "ResearchItemTopics");

            migrationBuilder.DropTable(
                name: "ResearchItems");

            migrationBuilder.DropTable(
                name: "ResearchTopics");

            migrationBuilder.DropTable(
                name: "ResearchEvidenceLevels");
        }
    }
}

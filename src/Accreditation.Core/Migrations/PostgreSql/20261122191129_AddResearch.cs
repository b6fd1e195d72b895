using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Accreditation.Core.Migrations.PostgreSql
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
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Rank = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResearchEvidenceLevels", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ResearchGlossary",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Terms = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResearchGlossary", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ResearchIndexTasks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResearchIndexTasks", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ResearchTopics",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResearchTopics", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ResearchItems",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Title = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Authors = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Year = table.Column<int>(type: "integer", nullable: true),
                    Source = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Abstract = table.Column<string>(type: "character varying(20000)", maxLength: 20000, nullable: false),
                    FullText = table.Column<string>(type: "text", nullable: false),
                    KssStatements = table.Column<List<string>>(type: "text[]", nullable: false),
                    EvidenceLevelId = table.Column<Guid>(type: "uuid", nullable: true),
                    Access = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Link = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Doi = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    MatchKey = table.Column<string>(type: "character varying(520)", maxLength: 520, nullable: false),
                    IsPublished = table.Column<bool>(type: "boolean", nullable: false),
                    PublishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
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
                    ItemId = table.Column<Guid>(type: "uuid", nullable: false),
                    TopicId = table.Column<Guid>(type: "uuid", nullable: false)
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

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CampaignTracker.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SnapshotIndexesReadWhole : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_SalesDaily_BrandId_Date",
                table: "SalesDaily");

            migrationBuilder.DropIndex(
                name: "IX_PostDaily_Date",
                table: "PostDaily");

            migrationBuilder.DropIndex(
                name: "IX_PostDaily_InfluencerId",
                table: "PostDaily");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_SalesDaily_BrandId_Date",
                table: "SalesDaily",
                columns: new[] { "BrandId", "Date" });

            migrationBuilder.CreateIndex(
                name: "IX_PostDaily_Date",
                table: "PostDaily",
                column: "Date");

            migrationBuilder.CreateIndex(
                name: "IX_PostDaily_InfluencerId",
                table: "PostDaily",
                column: "InfluencerId");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CampaignTracker.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LeanTrackingIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TrackingRows_BrandId",
                table: "TrackingRows");

            migrationBuilder.DropIndex(
                name: "IX_TrackingRows_InfluencerId",
                table: "TrackingRows");

            migrationBuilder.DropIndex(
                name: "IX_TrackingRows_ProductId",
                table: "TrackingRows");

            migrationBuilder.CreateIndex(
                name: "IX_Uploads_ReplacesUploadId",
                table: "Uploads",
                column: "ReplacesUploadId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Uploads_ReplacesUploadId",
                table: "Uploads");

            migrationBuilder.CreateIndex(
                name: "IX_TrackingRows_BrandId",
                table: "TrackingRows",
                column: "BrandId");

            migrationBuilder.CreateIndex(
                name: "IX_TrackingRows_InfluencerId",
                table: "TrackingRows",
                column: "InfluencerId");

            migrationBuilder.CreateIndex(
                name: "IX_TrackingRows_ProductId",
                table: "TrackingRows",
                column: "ProductId");
        }
    }
}

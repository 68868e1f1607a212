using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CampaignTracker.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class UploadOutcomeAndExternalIds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "ErrorCount",
                table: "Uploads",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ErrorReportPath",
                table: "Uploads",
                type: "TEXT",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReplacesUploadId",
                table: "Uploads",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "WarningCount",
                table: "Uploads",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<bool>(
                name: "DatasetChosenByHand",
                table: "UploadFiles",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ExternalId",
                table: "TrackingRows",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExternalId",
                table: "Posts",
                type: "TEXT",
                maxLength: 100,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_TrackingRows_ExternalId",
                table: "TrackingRows",
                column: "ExternalId",
                filter: "ExternalId IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TrackingRows_ExternalId",
                table: "TrackingRows");

            migrationBuilder.DropColumn(
                name: "ErrorCount",
                table: "Uploads");

            migrationBuilder.DropColumn(
                name: "ErrorReportPath",
                table: "Uploads");

            migrationBuilder.DropColumn(
                name: "ReplacesUploadId",
                table: "Uploads");

            migrationBuilder.DropColumn(
                name: "WarningCount",
                table: "Uploads");

            migrationBuilder.DropColumn(
                name: "DatasetChosenByHand",
                table: "UploadFiles");

            migrationBuilder.DropColumn(
                name: "ExternalId",
                table: "TrackingRows");

            migrationBuilder.DropColumn(
                name: "ExternalId",
                table: "Posts");
        }
    }
}

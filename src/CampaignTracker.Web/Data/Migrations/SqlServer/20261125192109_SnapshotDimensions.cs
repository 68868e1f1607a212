using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CampaignTracker.Web.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class SnapshotDimensions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Category",
                table: "SalesDaily",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Gender",
                table: "SalesDaily",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Platform",
                table: "SalesDaily",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Tier",
                table: "SalesDaily",
                type: "nvarchar(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Category",
                table: "PostDaily",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Gender",
                table: "PostDaily",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Tier",
                table: "PostDaily",
                type: "nvarchar(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Category",
                table: "SalesDaily");

            migrationBuilder.DropColumn(
                name: "Gender",
                table: "SalesDaily");

            migrationBuilder.DropColumn(
                name: "Platform",
                table: "SalesDaily");

            migrationBuilder.DropColumn(
                name: "Tier",
                table: "SalesDaily");

            migrationBuilder.DropColumn(
                name: "Category",
                table: "PostDaily");

            migrationBuilder.DropColumn(
                name: "Gender",
                table: "PostDaily");

            migrationBuilder.DropColumn(
                name: "Tier",
                table: "PostDaily");
        }
    }
}

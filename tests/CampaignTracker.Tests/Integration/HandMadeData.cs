namespace CampaignTracker.Tests.Integration;

/// <summary>
/// A data set small enough to compute by hand (figures in KpiApiTests). Influencer ids are codes,
/// as files from other tools have them; one tracking row takes its brand from the catalogue.
/// </summary>
public static class HandMadeData
{
    public const string Influencers = """
        ID,name,category,gender,follower_count,platform
        A1,Asha Rao,Fitness,Female,50000,Instagram
        B2,Bala Iyer,health,Male,200000,YouTube
        C3,Chitra N,Parenting,Female,9000,TikTok
        """;

    public const string Payouts = """
        influencer_id,basis,rate,orders,total_payout
        A1,order,10,12,120.00
        B2,post,500,2,500
        """;

    public const string Posts = """"
        influencer_id,platform,date,URL,caption,reach,likes,comments
        A1,Instagram,2025-06-01,http://a.example/1,"Hello, ""world""",1000,100,20
        B2,YouTube,2025-06-02,http://b.example/1,first,3000,200,30
        B2,YouTube,2025-06-03,http://b.example/1,same URL another day,1000,40,10
        C3,TikTok,2025-06-04,http://c.example/1,=1+1,500,25,5
        """";

    public const string Tracking = """
        source,campaign,influencer_id,user_id,product,brand,date,orders,revenue
        s.example,Campaign_1,A1,u1,Whey Protein,MuscleBlaze,2025-06-01,2,1000.00
        s.example,Campaign_1,A1,u2,Biotin,HKVitals,2025-06-02,3,300.00
        s.example,Campaign_2,B2,u3,Whey Protein,MuscleBlaze,2025-06-02,1,600.00
        s.example,Campaign_2,B2,u4,Biotin,,2025-06-03,4,400.00
        """;

    public static string[] Files() => TestFiles.Write(
        ("influencers.csv", Influencers), ("payouts.csv", Payouts), ("posts.csv", Posts), ("tracking_data.csv", Tracking));
}

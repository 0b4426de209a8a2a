using LiteDB;

namespace HandoffBot.Tests.Storage;

/// <summary>Damages a closed LiteDB file the way a second writer did (issue 12): an index page no longer is one.</summary>
public static class DataFileDamage
{
    private const int PageSize = 8192;

    /// <summary>Overwrites one index page of <paramref name="collection"/> with zeros; its documents stay readable on their data pages.</summary>
    public static int BreakAnIndexPage(string dbPath, string collection)
    {
        var page = PagesOf(dbPath, collection, "Index").Last();
        Overwrite(dbPath, page, new byte[PageSize]);
        return page;
    }

    /// <summary>Overwrites the body of one data page (documents on it are lost), keeping its header.</summary>
    public static int BreakADataPage(string dbPath, string collection)
    {
        var page = PagesOf(dbPath, collection, "Data").First();
        var garbage = new byte[PageSize - 32];
        new Random(12).NextBytes(garbage);
        using var file = new FileStream(dbPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        file.Position = ((long)page * PageSize) + 32;
        file.Write(garbage);
        return page;
    }

    public static List<int> PagesOf(string dbPath, string collection, string pageType)
    {
        using var db = new LiteDatabase(new ConnectionString { Filename = dbPath, Connection = ConnectionType.Direct });
        var pages = new List<int>();
        using (var reader = db.Execute("SELECT $ FROM $dump"))
        {
            while (reader.Read())
            {
                var doc = reader.Current.AsDocument;
                if (doc["pageType"].AsString == pageType && doc["collection"].AsString == collection)
                {
                    pages.Add(doc["pageID"].AsInt32);
                }
            }
        }

        return pages.Count > 0 ? pages : throw new InvalidOperationException($"No {pageType} page of {collection} in {dbPath}.");
    }

    private static void Overwrite(string dbPath, int page, byte[] bytes)
    {
        using var file = new FileStream(dbPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        file.Position = (long)page * PageSize;
        file.Write(bytes);
    }
}

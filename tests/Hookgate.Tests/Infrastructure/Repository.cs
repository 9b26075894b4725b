namespace Hookgate.Tests.Infrastructure;

public static class Repository
{
    /// <summary>The checkout the tests run from (where Hookgate.slnx is).</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Hookgate.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("repository root not found");
    }
}

using Hookgate.Storage;

namespace Hookgate.Hosting;

/// <summary>
/// Keeps this node's in-memory read models current with other nodes' writes: listens for the database's change
/// notifications, and whenever listening (re)starts, tells the read models to forget what they hold, since
/// notifications sent while nobody listened are lost.
/// </summary>
public sealed partial class ChangeListener(Database database, ChangeFeed feed, ILogger<ChangeListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await database.ListenAsync(feed.Resync, feed.OnNotification, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogListenFailed(logger, e);
                feed.Resync();
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(EventId = 1, EventName = "ChangeListenFailed", Level = LogLevel.Warning, Message = "Listening for other nodes' changes failed; retrying")]
    private static partial void LogListenFailed(ILogger logger, Exception exception);
}

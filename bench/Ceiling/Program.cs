// The ceiling for bench/run: the same Kestrel, on the same machine, answering the same routes with a fixed body
// and doing nothing else. Hookgate's throughput is reported as a share of this.
var target = """{"target":{"id":"343434343434343434","creationDate":"2026-11-21T10:00:00.123456Z","changeDate":"2026-11-21T10:00:00.123456Z","name":"bench","restWebhook":{},"timeout":"5s","endpoint":"https://example.com/hook","signingKey":"abcdefghijklmnopqrstuvwxyz0123456789","payloadType":"PAYLOAD_TYPE_JSON"}}"""u8.ToArray();
var created = """{"id":"343434343434343434","creationDate":"2026-11-21T10:00:00.123456Z","signingKey":"abcdefghijklmnopqrstuvwxyz0123456789"}"""u8.ToArray();

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/v2/actions/targets/{id}", () => Results.Bytes(target, "application/json"));
app.MapPost("/v2/actions/targets", async (HttpRequest request) =>
{
    // Read the body as a real handler would.
    await request.Body.CopyToAsync(Stream.Null);
    return Results.Bytes(created, "application/json");
});
app.Run();

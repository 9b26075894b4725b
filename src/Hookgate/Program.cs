return await Hookgate.Hosting.Cli.RunAsync(args);

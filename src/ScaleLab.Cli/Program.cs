using ScaleLab.Cli;

return await CliApp.RunAsync(args);

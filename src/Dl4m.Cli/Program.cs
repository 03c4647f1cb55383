using Dl4m.Cli;

return CliRunner.Run(CliRoot.Create(), args, Console.Out, Console.Error);

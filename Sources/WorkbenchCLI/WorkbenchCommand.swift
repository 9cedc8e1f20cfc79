import ArgumentParser

/// The workbench command-line tool: encode texts, compare them, and check the machine.
@main
struct WorkbenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbench",
        abstract: "Choose, fine-tune and distil text-embedding models on a CPU.",
        subcommands: [Doctor.self, Encode.self, Similarity.self, ListRuns.self, Show.self, Diff.self, Compare.self, Report.self, Simulate.self,
                      Import.self, Eval.self, Cache.self, ProbeEncode.self, IndexCommand.self, SearchCommand.self,
                      MPIProbe.self])
}

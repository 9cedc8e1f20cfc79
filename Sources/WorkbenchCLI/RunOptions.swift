import ArgumentParser
import Foundation
import Runs

/// Where the run commands look for runs.
struct RunOptions: ParsableArguments {
    @Option(help: "Folder holding runs/<experiment>/<id>/.") var root = "runs"

    var store: RunStore { RunStore(root: URL(fileURLWithPath: root)) }

    /// Resolves and loads a run, printing read warnings (torn logs, bad lines) on stderr.
    func load(_ query: String) throws -> RunData {
        do {
            let data = try store.load(store.resolve(query))
            for w in data.warnings { FileHandle.standardError.write(Data("warning: \(w)\n".utf8)) }
            return data
        } catch { throw CLIError(error.description) }
    }
}

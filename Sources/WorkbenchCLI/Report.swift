import ArgumentParser
import Foundation
import Runs

/// `workbench report RUN… | --experiment NAME -o report.html`: one self-contained HTML page comparing runs.
struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write an HTML page comparing runs: curves, sweep heat-map, config and metric diff.",
        discussion: """
        The page is self-contained (inline SVG charts, no scripts or downloads), so it opens offline and can be mailed.
        Examples:
          workbench report --experiment legal-finetune -o sweep.html
          workbench report 20261129-100012 20261129-113501 --root runs
        """)

    @Argument(help: "Runs to include (experiment/id, an id, a unique prefix, or a run folder's path).") var runs: [String] = []
    @Option(help: "Include every run of this experiment.") var experiment: String?
    @OptionGroup var options: RunOptions
    @Option(name: [.short, .customLong("output")], help: "The HTML file to write (atomically).") var output = "report.html"
    @Option(help: "Page title (default: the experiments' names).") var title: String?

    func validate() throws {
        if runs.isEmpty && experiment == nil { throw ValidationError("give run ids or --experiment NAME") }
    }

    func run() throws {
        var loaded: [RunData] = []
        if let experiment {
            let refs = options.store.runs(experiment: experiment)
            guard !refs.isEmpty else {
                let known = options.store.experiments()
                throw CLIError("no runs of experiment '\(experiment)' under \(options.root)/"
                               + (known.isEmpty ? "" : "; experiments there: \(known.joined(separator: ", "))"))
            }
            loaded += try refs.map { try options.load($0.description) }
        }
        loaded += try runs.map { try options.load($0) }
        var seen = Set<RunRef>()
        loaded = loaded.filter { seen.insert($0.ref).inserted }

        let html: String
        do { html = try HTMLReport(runs: loaded, title: title).render() } catch { throw CLIError(error.description) }
        let url = URL(fileURLWithPath: output)
        do { try Data(html.utf8).write(to: url, options: .atomic) } catch {
            throw CLIError("\(url.path): cannot write the report: \(error.localizedDescription)")
        }
        print(url.path)
    }
}

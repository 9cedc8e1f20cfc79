import ArgumentParser
import Foundation
import Models
import Tensors

/// Similarity between two texts, or between the lines of two files (pairwise or as a matrix).
struct Similarity: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Cosine, dot or euclidean similarity between two texts or two files.",
        discussion: """
        Examples:
          workbench similarity "A man plays guitar." "Someone is playing music."
          workbench similarity --files left.txt right.txt            # line i with line i
          workbench similarity --files queries.txt docs.txt --matrix # every pair
        """)

    enum Metric: String, ExpressibleByArgument, CaseIterable { case cosine, dot, euclidean }

    @Argument(help: "Two texts, or two files with --files.") var inputs: [String]
    @Flag(help: "Treat the two arguments as files with one text per line.") var files = false
    @Flag(help: "With --files, compare every line of the first with every line of the second.") var matrix = false
    @Option(help: "cosine, dot or euclidean (distance).") var metric: Metric = .cosine
    @OptionGroup var modelOptions: ModelOptions

    func validate() throws {
        guard inputs.count == 2 else { throw ValidationError("give exactly two texts (or two files with --files), got \(inputs.count)") }
        if matrix && !files { throw ValidationError("--matrix needs --files") }
    }

    func run() throws {
        let left = files ? try TextInput.read(path: inputs[0], field: nil).texts : [inputs[0]]
        let right = files ? try TextInput.read(path: inputs[1], field: nil).texts : [inputs[1]]
        if files && !matrix && left.count != right.count {
            throw CLIError("\(inputs[0]) has \(left.count) lines but \(inputs[1]) has \(right.count); pairs need equal counts (or use --matrix)")
        }
        let model = try modelOptions.load()
        let prompt = try modelOptions.resolvedPrompt(model)
        let a = try model.encode(left, prompt: prompt), b = try model.encode(right, prompt: prompt)
        let d = model.dimension
        func score(_ i: Int, _ j: Int) -> Double {
            let x = UnsafeBufferPointer(start: a.data + i * d, count: d), y = UnsafeBufferPointer(start: b.data + j * d, count: d)
            var dot = 0.0, xx = 0.0, yy = 0.0, dist = 0.0
            for k in 0..<d {
                dot += Double(x[k]) * Double(y[k]); xx += Double(x[k] * x[k]); yy += Double(y[k] * y[k])
                dist += Double((x[k] - y[k]) * (x[k] - y[k]))
            }
            switch metric {
            case .cosine: return dot / max((xx * yy).squareRoot(), 1e-12)
            case .dot: return dot
            case .euclidean: return dist.squareRoot()
            }
        }
        if !files {
            print(String(format: "%.6f", score(0, 0)))
        } else if matrix {
            for i in 0..<left.count { print((0..<right.count).map { String(format: "%.6f", score(i, $0)) }.joined(separator: "\t")) }
        } else {
            for i in 0..<left.count { print(String(format: "%.6f", score(i, i))) }
        }
    }
}

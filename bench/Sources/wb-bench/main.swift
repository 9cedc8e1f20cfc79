// wb-bench: the workbench's half of the side-by-side benchmark against the PyTorch peer (see bench/README.md).
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
do {
    guard let command = arguments.first else { throw BenchError.usage("missing subcommand") }
    var options = try Options(Array(arguments.dropFirst()), flagNames: ["breakdown", "no-dropout"])
    switch command {
    case "encode":
        let bench = try EncodeBench(&options)
        try options.checkAllUsed()
        try bench.run()
    case "train-step":
        let bench = try TrainStepBench(&options)
        try options.checkAllUsed()
        try bench.run()
    case "scaling":
        let bench = try ScalingBench(&options)
        try options.checkAllUsed()
        try bench.run()
    case "gemm-peak":
        let bench = try GemmPeakBench(&options)
        try options.checkAllUsed()
        try bench.run()
    case "log":
        let bench = try LogBench(&options)
        try options.checkAllUsed()
        try bench.run()
    case "-h", "--help", "help":
        print(usageText)
    default:
        throw BenchError.usage("unknown subcommand '\(command)'")
    }
} catch {
    FileHandle.standardError.write(Data("wb-bench: \(error)\n".utf8))
    exit(2)
}

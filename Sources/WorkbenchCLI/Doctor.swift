import ArgumentParser
import Foundation
import Models
import Tensors

/// Prints what the workbench runs on: the BLAS kernel and its speed, and the models and datasets it finds.
struct Doctor: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the BLAS kernel, threads, a measured sgemm speed, and the models and datasets found.")

    @Option(help: "Folder searched for models.") var models = "models"
    @Option(help: "Folder searched for datasets.") var datasets = "datasets"

    func run() throws {
        do { try BLAS.load() } catch { throw CLIError("\(error)") }
        print("BLAS")
        print("  library:      \(BLAS.libraryPath)")
        print("  core:         \(BLAS.coreName)")
        let requested = BLAS.requestedCoreType.isEmpty ? "(none)" : BLAS.requestedCoreType
        print("  requested:    OPENBLAS_CORETYPE=\(requested), chosen by \(BLAS.coreTypeSource.rawValue)")
        print("  threads:      \(BLAS.threads)")
        let timeout = BLAS.threadTimeout
        print("  idle spin:    OPENBLAS_THREAD_TIMEOUT=\(timeout.value) (2^\(timeout.value) cycles before a worker sleeps), "
              + "chosen by \(timeout.source.rawValue)")
        let (m, k, n) = (1024, 384, 1536)
        print(String(format: "  sgemm:        %.0f GFLOP/s (%d×%d · %d×%d, best of 20)", SgemmProbe.gflops(m: m, k: k, n: n), m, k, k, n))
        if MatmulPrecision.bf16Accelerated {
            print(String(format: "  bf16 linear:  %.0f GFLOP/s, same shape (AVX-512 BF16 vdpbf16ps, fp32 sums)",
                         SgemmProbe.gflops(m: m, k: k, n: n, precision: .bf16)))
        } else {
            print("  bf16 linear:  no AVX-512 BF16 on this CPU: --precision bf16 runs fp32 here")
        }
        print("precision")
        print("  training:     \(MatmulPrecision.preferred.rawValue) by default (experiments' --precision fp32|bf16; bf16 = bf16 products, "
              + "fp32 sums and master weights), chosen by measurement: see bench/README.md")
        print("  encode, eval: fp32 by default (metrics comparable across runs and caches); `encode --precision bf16` for speed")
        if let preferred = BLAS.preferredCoreType, BLAS.coreTypeSource == .environment,
           preferred.lowercased() != BLAS.coreName.lowercased() {
            print("  note:         this CPU can run OpenBLAS's \(preferred) kernels; the inherited OPENBLAS_CORETYPE=\(BLAS.requestedCoreType) "
                  + "keeps it on \(BLAS.coreName). Unset OPENBLAS_CORETYPE to let the workbench choose.")
        } else if BLAS.coreName.lowercased() == "prescott" {
            print("  warning:      OpenBLAS runs its slowest (Prescott) kernels")
        }
        print("models (\(models)/)")
        for name in Self.folders(in: models) {
            let url = URL(fileURLWithPath: models).appendingPathComponent(name)
            if let folder = try? SentenceTransformerFolder(url: url) {
                let c = folder.config
                let prompts = folder.prompts.isEmpty ? "" : ", prompts " + folder.prompts.keys.sorted().joined(separator: ", ")
                print("  \(name): \(c.modelType), \(c.numHiddenLayers) layers, dim \(c.hiddenSize), \(folder.pooling.mode.rawValue) pooling\(folder.normalize ? " + normalize" : ""), max_seq_length \(folder.maxSeqLength)\(prompts)")
            } else {
                print("  \(name): not a model folder")
            }
        }
        print("datasets (\(datasets)/)")
        for name in Self.folders(in: datasets) {
            let files = (try? FileManager.default.contentsOfDirectory(atPath: "\(datasets)/\(name)")) ?? []
            let data = files.filter { $0.hasSuffix(".jsonl") || $0.hasSuffix(".csv") || $0.hasSuffix(".tsv") }.sorted()
            print("  \(name): \(data.isEmpty ? "no data files (run scripts/setup.sh)" : data.joined(separator: ", "))")
        }
    }

    static func folders(in path: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return names.filter { name in
            var isDir: ObjCBool = false
            return !name.hasPrefix(".") && FileManager.default.fileExists(atPath: "\(path)/\(name)", isDirectory: &isDir) && isDir.boolValue
        }.sorted()
    }
}

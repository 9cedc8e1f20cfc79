import Foundation

/// The `sbatch` script of a sweep: one array task per cell still to run, task N running cell N (0-based) of the
/// sweep with the same command line, its output in `<root>/<experiment>/.slurm/<job>_<task>.out`.
struct SlurmArrayScript {
    let experiment: String
    let options: SlurmOptions

    /// `0,2,3%K`: the tasks to run, throttled to K at once when `--max-parallel` is given.
    func arraySpec(_ cells: [Int]) -> String {
        cells.map(String.init).joined(separator: ",") + (options.maxParallel.map { "%\($0)" } ?? "")
    }

    /// The script running `cells` with `executable forwarded… --root root --cell $SLURM_ARRAY_TASK_ID`.
    func text(cells: [Int], root: URL, folder: URL, executable: URL, forwarded: [String]) -> String {
        let command = ([executable.path] + forwarded + ["--root", root.path]).map(Self.quoted).joined(separator: " ")
        var lines = [
            "#!/bin/bash",
            "#SBATCH --job-name=wb-\(experiment)",
            "#SBATCH --array=\(arraySpec(cells))",
            "#SBATCH --output=\(folder.path)/%A_%a.out",
        ] + options.directives
        lines += [
            "# Written by exp-\(experiment) --launcher slurm: one array task per cell; task N runs cell N (0-based) of",
            "# the sweep and writes its run under the runs root, as a local cell does.",
            "set -u",
            "if [ ! -w \(Self.quoted(root.path)) ]; then",
            "  echo \"error: the runs root \(root.path) cannot be written on $(hostname): it must be a folder every node shares\" >&2",
            "  exit 2",
            "fi",
            "cd \(Self.quoted(FileManager.default.currentDirectoryPath))",
            "[ -n \"${SLURM_CPUS_PER_TASK:-}\" ] && export OPENBLAS_NUM_THREADS=\"$SLURM_CPUS_PER_TASK\"",
            "exec \(command) --cell \"$SLURM_ARRAY_TASK_ID\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A shell word: single quotes, with embedded quotes closed and escaped.
    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }
}

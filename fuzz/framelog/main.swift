import Foundation
import FuzzSupport
import Runs

// The zstd frame log: the input is a run's metrics.jsonl.zst (and an evaluator's log). It is read as
// `workbench show` reads it (RunStore.load, every metric series, the evaluation rows), then opened for
// appending, which repairs a torn tail; after one more line and a close, the file must read back with no
// damage and exactly the lines read before plus the new one.
enum Valid {
    static let manifest = Data("""
        {"config":{"lr":0.001},"dataset_sha256":{},"experiment":"fuzz","host":"h","id":"r1","model_sha256":{},
         "seed":1,"start_time":"2025-01-01T00:00:00.000Z","status":"running"}
        """.utf8)
}

Fuzz.main { start, count in
    let input = Fuzz.data(start, count)
    let root = Fuzz.folder("runs")
    let runFolder = root.appendingPathComponent("fuzz/r1", isDirectory: true)
    try! FileManager.default.createDirectory(at: runFolder.appendingPathComponent("eval"), withIntermediateDirectories: true)
    Fuzz.write(Valid.manifest, to: "manifest.json", in: runFolder)
    let url = Fuzz.write(input, to: "metrics.jsonl.zst", in: runFolder)
    Fuzz.write(input, to: "eval/ir.jsonl.zst", in: runFolder)

    let store = RunStore(root: root)
    do {
        let run = try store.load(store.resolve("fuzz/r1"))
        for key in run.metricKeys {
            _ = (run.series(key), run.last(key), run.best(key))
        }
        _ = run.primaryMetric
        _ = try run.evalRows("ir")
    } catch {
        Fuzz.note("load: \(error)")
    }

    do {
        let before = try FrameLogReader.readContents(url)
        let log = try FrameLog(url: url)
        precondition(log.repair == before.damage, "repair \(String(describing: log.repair)) differs from the damage read \(String(describing: before.damage))")
        let line = #"{"step":1,"loss":0.5}"#
        try log.append(orderedLine: line)
        try log.close()
        let after = try FrameLogReader.readContents(url)
        precondition(after.damage == nil, "the log is still damaged after repair: \(after.damage!)")
        precondition(after.lines == before.lines + [line], "repair changed the lines: \(before.lines) → \(after.lines)")
    } catch {
        Fuzz.note("log: \(error)")
    }
    return 0
}

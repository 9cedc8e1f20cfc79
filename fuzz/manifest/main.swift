import Foundation
import FuzzSupport
import Runs

// manifest.json: the input is a run folder's manifest, read directly and through RunStore (as
// `workbench list/show` do); a manifest that reads is re-encoded and must decode to the same value.
Fuzz.main { start, count in
    let input = Fuzz.data(start, count)
    let root = Fuzz.folder("runs")
    let runFolder = root.appendingPathComponent("fuzz/r1", isDirectory: true)
    try! FileManager.default.createDirectory(at: runFolder, withIntermediateDirectories: true)
    Fuzz.write(input, to: "manifest.json", in: runFolder)
    do {
        let manifest = try Manifest.read(folder: runFolder)
        _ = (manifest.duration, manifest.status.description, manifest.config.mapValues(\.jsonText))
        let store = RunStore(root: root)
        let run = try store.load(store.resolve("r1"))
        _ = (run.primaryMetric, run.warnings, RunData.varyingConfigKeys([run, run]))
    } catch {
        Fuzz.note("\(error)")
    }
    return 0
}

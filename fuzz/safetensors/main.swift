import Foundation
import FuzzSupport
import Models

// The safetensors header: the input is a whole `.safetensors` file; if it opens, every tensor is read
// (raw bytes, and as floats when its dtype converts), which must stay inside the file.
Fuzz.main { start, count in
    let url = Fuzz.write(Fuzz.data(start, count), to: "model.safetensors")
    guard let file = try? SafeTensorsFile(url: url) else { return 0 }
    for name in file.names {
        guard let info = file.info(name) else { fatalError("names lists \(name) but info(\(name)) is nil") }
        let raw = try? file.rawBytes(name)
        precondition(raw?.count == info.byteCount, "rawBytes(\(name)) has \(raw?.count ?? -1) bytes, info says \(info.byteCount)")
        if let floats = try? file.floats(name) {
            precondition(floats.count == info.elementCount, "floats(\(name)) has \(floats.count) values for shape \(info.shape)")
        }
    }
    _ = file.metadata
    return 0
}

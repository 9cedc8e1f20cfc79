import Foundation
import Models
import Runs
import Tensors

/// A resumable snapshot of training in `<run>/checkpoints/last/`: weights, optimizer moments, and the
/// loop's position (step, samplers, best metric). Written next to the old one and swapped in, so a crash
/// while saving keeps the previous checkpoint.
public struct TrainerCheckpoint: Codable {
    /// Optimizer steps done.
    public var step: Int
    /// Per term: the sampler's position.
    public var samplers: [SamplerPosition]
    /// The best value of the primary metric so far, and its step.
    public var bestValue: Double?
    public var bestStep: Int?
    /// The folder holding `model.safetensors` and `optimizer.safetensors`.
    public var folder: URL? = nil

    enum CodingKeys: String, CodingKey { case step, samplers, bestValue = "best_value", bestStep = "best_step" }

    /// The last checkpoint of a run, if it has one.
    public static func latest(in runFolder: URL) -> TrainerCheckpoint? {
        let folder = runFolder.appendingPathComponent("checkpoints/last")
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("state.json").path),
              var checkpoint = try? JSONDecoder().decode(TrainerCheckpoint.self, from: data) else { return nil }
        checkpoint.folder = folder
        return checkpoint
    }

    /// Writes the checkpoint: parameters, optimizer state (moments by parameter name), and this state.
    func write(runFolder: URL, parameters: [(String, Tensor)], optimizerState: [String: [Float]]) throws {
        let fm = FileManager.default
        let dir = runFolder.appendingPathComponent("checkpoints")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        let staging = dir.appendingPathComponent(".last.saving"), final = dir.appendingPathComponent("last"), old = dir.appendingPathComponent(".last.old")
        try? fm.removeItem(at: staging)
        try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        var weights = SafeTensorsWriter(url: staging.appendingPathComponent("model.safetensors"))
        for (name, t) in parameters { try weights.add(name, shape: t.shape, values: t.scalars) }
        try weights.write()
        var moments = SafeTensorsWriter(url: staging.appendingPathComponent("optimizer.safetensors"))
        for (name, values) in optimizerState.sorted(by: { $0.key < $1.key }) { try moments.add(name, shape: [values.count], values: values) }
        try moments.write()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: staging.appendingPathComponent("state.json"), options: .atomic)
        try? fm.removeItem(at: old)
        if fm.fileExists(atPath: final.path) { try fm.moveItem(at: final, to: old) }
        try fm.moveItem(at: staging, to: final)
        try? fm.removeItem(at: old)
    }

    /// The saved parameters by name.
    func parameters() throws -> [String: (shape: [Int], values: [Float])] {
        guard let folder else { return [:] }
        let file = try SafeTensorsFile(url: folder.appendingPathComponent("model.safetensors"))
        var out: [String: (shape: [Int], values: [Float])] = [:]
        for name in file.names { out[name] = (file.info(name)!.shape, try file.floats(name)) }
        return out
    }

    /// The saved optimizer state by name.
    func optimizerState() throws -> [String: [Float]] {
        guard let folder else { return [:] }
        let file = try SafeTensorsFile(url: folder.appendingPathComponent("optimizer.safetensors"))
        var out: [String: [Float]] = [:]
        for name in file.names { out[name] = try file.floats(name) }
        return out
    }
}

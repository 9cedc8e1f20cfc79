import Foundation
import Tensors

/// A sentence-transformers `Dense` module folder: `config.json` and `model.safetensors` (`linear.weight`
/// [out, in], `linear.bias` [out]), as sentence-transformers 6.2's `Dense.save` writes it with an identity
/// activation, so `Dense.load(path)` reads it (pinned to ST's own output by `Fixtures/make_dense_fixture.py`).
public enum DenseModuleFolder {
    /// Writes `weight` [out, in] and `bias` [out] (none: `"bias": false`) to `url` (built beside it and renamed into place).
    public static func write(weight: Tensor, bias: Tensor?, to url: URL) throws(CheckpointError) {
        precondition(weight.rank == 2 && (bias == nil || bias!.shape == [weight.shape[0]]),
                     "Dense: weight [out, in] and bias [out], got \(weight.shape), \(bias?.shape ?? [])")
        try AtomicFolder.write(url, operation: "save Dense module") { staging in
            var writer = SafeTensorsWriter(url: staging.appendingPathComponent("model.safetensors"), metadata: ["format": "pt"])
            try writer.add("linear.weight", shape: weight.shape, values: weight.scalars)              // [out, in]
            if let bias { try writer.add("linear.bias", shape: bias.shape, values: bias.scalars) }      // [out]
            try writer.write()
            let config: [String: Any] = ["in_features": weight.shape[1], "out_features": weight.shape[0], "bias": bias != nil,
                                         "activation_function": "torch.nn.modules.linear.Identity",
                                         "module_input_name": "sentence_embedding", "module_output_name": "sentence_embedding"]
            try JSONSerialization.data(withJSONObject: config, options: [.prettyPrinted, .sortedKeys])
                .write(to: staging.appendingPathComponent("config.json"))
        }
    }
}

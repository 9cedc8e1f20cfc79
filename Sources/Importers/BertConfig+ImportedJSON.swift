import Models

extension BertConfig {
    /// The `config.json` an importer writes for a HuggingFace `BertModel`, byte for byte as `save_pretrained`
    /// lays it out (keys sorted, two-space indent, trailing newline); `tokenizerClass` is added when the folder's
    /// tokenizer is not BERT's own (`XLMRobertaTokenizer` for multilingual-e5).
    func importedConfigJSON(tokenizerClass: String? = nil) -> String {
        let tokenizer = tokenizerClass.map { "\n  \"tokenizer_class\": \"\($0)\"," } ?? ""
        return """
        {
          "architectures": [
            "BertModel"
          ],
          "attention_probs_dropout_prob": 0.1,
          "classifier_dropout": null,
          "hidden_act": "gelu",
          "hidden_dropout_prob": 0.1,
          "hidden_size": \(hiddenSize),
          "initializer_range": 0.02,
          "intermediate_size": \(intermediateSize),
          "layer_norm_eps": \(layerNormEps),
          "max_position_embeddings": \(maxPositionEmbeddings),
          "model_type": "bert",
          "num_attention_heads": \(numAttentionHeads),
          "num_hidden_layers": \(numHiddenLayers),
          "pad_token_id": \(padTokenId),
          "position_embedding_type": "absolute",\(tokenizer)
          "torch_dtype": "float32",
          "type_vocab_size": \(typeVocabSize),
          "use_cache": true,
          "vocab_size": \(vocabSize)
        }

        """
    }
}

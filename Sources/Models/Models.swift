/// Checkpoints, tokenizers, BERT-family encoders and sentence-transformers pooling.
public enum Models {}

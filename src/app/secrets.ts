// Masking is the log's business (src/observe), which the bot also stands on; here for the app's modules.
export { maskedLog, masker, secretsOf } from '../observe/secrets.js';

// The old name of utils/singleFlight, kept only because session.ts (changed by the issue-15
// page/engine split) still imports it: once session.ts imports singleFlight, delete this file.
export { singleFlight as createInflight } from '../utils/singleFlight';

/**
 * The derived histories the checks read, one module per resource kind under ./history/, composed in one
 * pass by {@link derive} (./derive.ts). This module gathers their public names so that importers need not
 * know the layout.
 */
export { type Derived, derive } from './derive.ts';
export type { Attachment, VolumeErrorRecord } from './history/attachments.ts';
export type { ClaimIncarnation } from './history/claims.ts';
export { parseOrdinal, type Span } from './history/common.ts';
export type { EndpointHistory } from './history/endpoints.ts';
export type { PodEventRecord } from './history/events.ts';
export type { FaultSpan } from './history/faults.ts';
export type { NodeHistory, NotReadySpan, TaintSpan } from './history/nodes.ts';
export type {
  ControllerRecord,
  ForeignPod,
  Incarnation,
  RestartRecord,
  WaitingRecord,
} from './history/pods.ts';
export type { ServiceHistory } from './history/services.ts';
export type {
  StatefulSetHistory,
  StatefulSetObject,
  StatefulSetSpecView,
  StatefulSetStatusView,
} from './history/statefulset.ts';
export type { VolumeHistory } from './history/volumes.ts';

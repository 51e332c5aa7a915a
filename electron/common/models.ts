/** Domain models shared by the UI and the backend, one file per concept under models/. */
export * from './models/profiles';
export * from './models/catalog';
export * from './models/launch-spec';
export * from './models/launch-record';
export * from './models/script-delivery';
export * from './models/cleanup';
export * from './models/connect';
export * from './models/images';
export * from './models/storage';
export * from './models/notices';
export * from './models/health';
export * from './models/dns';
export * from './models/fleets';
export * from './models/snapshots';
export * from './models/snapshot-restore';
export * from './models/probes';
export * from './models/inventory';

export * from './events';
export * from './config';
export * from './seal';

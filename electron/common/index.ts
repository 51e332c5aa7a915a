export * from './contract';
export * from './models';
export * from './result';
export * from './saved-spec';

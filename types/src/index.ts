export * from './errors';
export * from './common';
export * from './catalog';
export * from './auth';
export * from './api';

/// <reference types="vite/client" />
import type { PullkeyBridge } from '@core/api/contract';

declare global {
  interface Window {
    pullkey: PullkeyBridge;
  }
}

export {};

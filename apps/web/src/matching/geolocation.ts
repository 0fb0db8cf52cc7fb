import { useCallback, useState } from 'react';

export type PositionState =
  | { status: 'idle' }
  | { status: 'asking' }
  | { status: 'found'; lat: number; lng: number }
  /** The person said no, or the browser will not ask (no permission). */
  | { status: 'denied' }
  /** Allowed, but no position came (no signal, timeout), or this browser has no geolocation. */
  | { status: 'unavailable' };

/**
 * Where the person is, asked only when they press a button, through the browser's own prompt
 * (`navigator.geolocation`). Nothing is asked on page load and nothing is remembered here.
 */
export function useCurrentPosition(): [PositionState, () => void] {
  const [state, setState] = useState<PositionState>({ status: 'idle' });
  const ask = useCallback(() => {
    const geolocation = globalThis.navigator?.geolocation;
    if (!geolocation) {
      setState({ status: 'unavailable' });
      return;
    }
    setState({ status: 'asking' });
    geolocation.getCurrentPosition(
      (position) => setState({ status: 'found', lat: position.coords.latitude, lng: position.coords.longitude }),
      (error) => setState({ status: error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable' }),
      { enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 },
    );
  }, []);
  return [state, ask];
}

/** A coordinate to four decimals (about 10 m), as the `near` filter and the forms take it. */
export function coordinateText(value: number): string {
  return value.toFixed(4);
}

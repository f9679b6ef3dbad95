import { describe, expect, it } from '@jest/globals';
import { decideIncident, incidentTitle, type OpenIncident } from '../../src/report-incident/incident.js';

const HOUR = 3_600_000;
const open = (openedAtMs: number, lastReportAtMs = openedAtMs): OpenIncident => ({
  number: 3,
  url: 'https://github.com/acme/mono/issues/3',
  openedAtMs,
  lastReportAtMs,
});

describe('decideIncident', () => {
  it('opens an incident on a failure when none is open', () => {
    expect(decideIncident('failure', undefined, 10 * HOUR, HOUR)).toEqual({ action: 'open' });
  });

  it('comments on an open incident once the interval since the last report has passed, and not before', () => {
    expect(decideIncident('failure', open(0, 9 * HOUR), 10 * HOUR, HOUR)).toEqual({
      action: 'comment',
      downForMs: 10 * HOUR,
    });
    expect(decideIncident('failure', open(0, 9.5 * HOUR), 10 * HOUR, HOUR)).toEqual({
      action: 'still-down',
      downForMs: 10 * HOUR,
      nextCommentAtMs: 10.5 * HOUR,
    });
  });

  it('closes an open incident on a success with the downtime since it opened', () => {
    expect(decideIncident('success', open(HOUR, 2 * HOUR), 3 * HOUR, HOUR)).toEqual({
      action: 'close',
      downtimeMs: 2 * HOUR,
    });
  });

  it('does nothing for a success without an incident, or a check that was cancelled or skipped', () => {
    expect(decideIncident('success', undefined, 0, HOUR)).toEqual({
      action: 'none',
      reason: 'healthy, and no incident is open',
    });
    expect(decideIncident('cancelled', open(0), HOUR * 5, HOUR).action).toBe('none');
    expect(decideIncident('skipped', undefined, 0, HOUR)).toEqual({
      action: 'none',
      reason: 'the check was skipped, which says nothing about health',
    });
  });

  it('titles one incident per subject and environment', () => {
    expect(incidentTitle('separation', 'staging')).toBe('Incident: separation in staging');
  });
});

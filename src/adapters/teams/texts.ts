// The few words the Teams adapter adds itself (layout labels, acknowledgements). Everything
// else (warnings, card content) is written by the core in src/bot/notices and arrives ready-made.
export const TEAMS_TEXT = {
  warningTitle: 'Data-loss prevention',
  whatWasFound: 'What I found',
  overrideSubmit: 'Send justification',
  overrideRequired: 'Please say why this needs to be shared.',
  feedbackThanks: 'Thanks, your answer was recorded.',
  problemsTitle: 'Could not act',
  historyTitle: 'History',
  openMessage: 'Open message',
  invokeUnknown: 'This button is no longer valid.',
  invokeFailed: 'That did not work; please try again.',
} as const;

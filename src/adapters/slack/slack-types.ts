// The parts of Slack's payloads this adapter reads, typed narrowly (everything optional that Slack
// may omit). Kept separate from @slack/types so tests can build payloads without casts.

export interface SlackFile {
  id: string;
  name?: string;
  title?: string;
  mimetype?: string;
  filetype?: string;
  size?: number;
  mode?: string;
  url_private?: string;
  url_private_download?: string;
  preview?: string;
  plain_text?: string;
}

export interface SlackMessageBody {
  type?: string;
  subtype?: string;
  user?: string;
  bot_id?: string;
  text?: string;
  ts?: string;
  thread_ts?: string;
  team?: string;
  user_team?: string;
  source_team?: string;
  user_profile?: { display_name?: string; real_name?: string; name?: string; team?: string };
  files?: SlackFile[];
  edited?: { user?: string; ts?: string };
}

export interface SlackMessageEvent extends SlackMessageBody {
  type: string;
  channel?: string;
  channel_type?: string;
  event_ts?: string;
  hidden?: boolean;
  message?: SlackMessageBody;
  previous_message?: SlackMessageBody;
}

export interface SlackEnvelope {
  type?: string;
  token?: string;
  team_id?: string;
  enterprise_id?: string;
  context_team_id?: string | null;
  context_enterprise_id?: string | null;
  api_app_id?: string;
  event_id: string;
  event_time?: number;
  is_ext_shared_channel?: boolean;
  authorizations?: Array<{ team_id?: string; user_id?: string; is_bot?: boolean; enterprise_id?: string | null }>;
  event: SlackMessageEvent;
}

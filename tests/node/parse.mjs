// Parse .ics files with Mozilla's ical.js (Thunderbird's parser) and print what it read, as JSON.
// usage: node parse.mjs FILE...   → [{file, name, events: [{uid, summary, start, allDay, end, status, sequence}]}]
import fs from "node:fs";
import ICAL from "ical.js";

const out = [];
for (const file of process.argv.slice(2)) {
  const vcal = new ICAL.Component(ICAL.parse(fs.readFileSync(file, "utf8")));
  for (const vtz of vcal.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(new ICAL.Timezone(vtz));
  const events = vcal.getAllSubcomponents("vevent").map((vevent) => {
    const ev = new ICAL.Event(vevent);
    const when = (t) => (t.isDate ? t.toString() : t.toJSDate().toISOString());
    return {
      uid: ev.uid,
      summary: ev.summary,
      description: ev.description,
      allDay: ev.startDate.isDate,
      start: when(ev.startDate),
      end: when(ev.endDate),
      status: vevent.getFirstPropertyValue("status"),
      sequence: ev.sequence,
      alarms: vevent.getAllSubcomponents("valarm").length,
    };
  });
  out.push({ file, calname: vcal.getFirstPropertyValue("x-wr-calname"), events });
}
process.stdout.write(JSON.stringify(out));
